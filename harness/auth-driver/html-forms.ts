import { attributeOf, hasAttribute, isDescendantOf, resolveUrl, textOf, type HtmlDocument, type HtmlElement } from './html-document.ts';

export type FormEnctype = 'application/x-www-form-urlencoded' | 'multipart/form-data' | 'text/plain';

/** One control of a form, with the state the page gave it (HTML's defaults applied). */
export interface FormControl {
  readonly tagName: 'input' | 'select' | 'textarea' | 'button';
  /** Lower-cased; `text` for an input without a type, `submit` for a button without one, `select-one`/`select-multiple`, `textarea`. */
  readonly type: string;
  readonly name: string;
  readonly id: string | undefined;
  readonly autocomplete: string | undefined;
  /** Input and textarea: the current value; select: the selected options' values; button: its value. */
  readonly values: readonly string[];
  readonly checked: boolean;
  readonly disabled: boolean;
  /** What the user reads on a button: its text or value; used to tell Approve from Cancel. */
  readonly label: string;
  /** A submit button's own formaction/formmethod/formenctype, which override the form's. */
  readonly overrides: { readonly action?: string; readonly method?: string; readonly enctype?: string };
}

export interface HtmlForm {
  /** Position among the page's forms, from 0. */
  readonly index: number;
  readonly method: 'get' | 'post';
  /** Resolved; a missing or empty action is the page's own URL, query included, as in a browser. */
  readonly action: string;
  readonly enctype: FormEnctype;
  readonly controls: readonly FormControl[];
}

const CONTROL_TAGS = new Set(['input', 'select', 'textarea', 'button']);
const SUBMIT_TYPES = new Set(['submit', 'image']);

export function findForms(page: HtmlDocument): HtmlForm[] {
  const forms = page.elements.filter((element) => element.tagName === 'form');
  const controls = page.elements.filter((element) => CONTROL_TAGS.has(element.tagName));
  return forms.map((form, index) => {
    const formId = attributeOf(form, 'id');
    // A control belongs to the form its `form` attribute names, else to the form around it.
    const owned = controls.filter((control) => {
      const named = attributeOf(control, 'form');
      return named !== undefined ? named === formId : isDescendantOf(control, form);
    });
    return {
      index,
      method: parseMethod(attributeOf(form, 'method')),
      action: resolveAction(attributeOf(form, 'action'), page),
      enctype: parseEnctype(attributeOf(form, 'enctype')),
      controls: owned.map(readControl),
    };
  });
}

export function isSubmitButton(control: FormControl): boolean {
  return (control.tagName === 'button' || control.tagName === 'input') && SUBMIT_TYPES.has(control.type);
}

export function parseMethod(value: string | undefined): 'get' | 'post' {
  return (value ?? '').trim().toLowerCase() === 'post' ? 'post' : 'get';
}

export function parseEnctype(value: string | undefined): FormEnctype {
  const lowered = (value ?? '').trim().toLowerCase();
  return lowered === 'multipart/form-data' || lowered === 'text/plain' ? lowered : 'application/x-www-form-urlencoded';
}

export function resolveAction(action: string | undefined, page: HtmlDocument): string {
  if (action === undefined || action.trim() === '') return page.url;
  return resolveUrl(action, page.baseUrl) ?? page.url;
}

function readControl(element: HtmlElement): FormControl {
  const tagName = element.tagName as FormControl['tagName'];
  const typeAttribute = (attributeOf(element, 'type') ?? '').trim().toLowerCase();
  const overrides = {
    ...(attributeOf(element, 'formaction') !== undefined ? { action: attributeOf(element, 'formaction') } : {}),
    ...(attributeOf(element, 'formmethod') !== undefined ? { method: attributeOf(element, 'formmethod') } : {}),
    ...(attributeOf(element, 'formenctype') !== undefined ? { enctype: attributeOf(element, 'formenctype') } : {}),
  };
  const common = {
    tagName,
    name: attributeOf(element, 'name') ?? '',
    id: attributeOf(element, 'id'),
    autocomplete: attributeOf(element, 'autocomplete'),
    checked: hasAttribute(element, 'checked'),
    disabled: isDisabled(element),
    overrides,
  };
  if (tagName === 'select') {
    const multiple = hasAttribute(element, 'multiple');
    const options = descendants(element).filter((child) => child.tagName === 'option');
    const optionValue = (option: HtmlElement) => attributeOf(option, 'value') ?? collapse(textOf(option));
    const selected = options.filter((option) => hasAttribute(option, 'selected'));
    // A single select without a selected option shows (and submits) its first enabled option.
    const chosen = selected.length > 0 ? (multiple ? selected : selected.slice(-1)) : multiple ? [] : options.filter((option) => !hasAttribute(option, 'disabled')).slice(0, 1);
    return { ...common, type: multiple ? 'select-multiple' : 'select-one', values: chosen.map(optionValue), label: '' };
  }
  if (tagName === 'textarea') {
    return { ...common, type: 'textarea', values: [textOf(element).replace(/^\r?\n/, '')], label: '' };
  }
  if (tagName === 'button') {
    const value = attributeOf(element, 'value') ?? '';
    return { ...common, type: typeAttribute === '' ? 'submit' : typeAttribute, values: [value], label: collapse(textOf(element)) || value };
  }
  const type = typeAttribute === '' ? 'text' : typeAttribute;
  const value = attributeOf(element, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
  return { ...common, type, values: [value], label: type === 'submit' || type === 'image' ? value || attributeOf(element, 'alt') || '' : '' };
}

/** Disabled itself, or inside a disabled fieldset (outside that fieldset's first legend). */
function isDisabled(element: HtmlElement): boolean {
  if (hasAttribute(element, 'disabled')) return true;
  for (let node = element.parentNode; node !== null && 'tagName' in node; node = node.parentNode) {
    if (node.tagName !== 'fieldset' || !hasAttribute(node, 'disabled')) continue;
    const firstLegend = node.childNodes.find((child): child is HtmlElement => 'tagName' in child && child.tagName === 'legend');
    if (firstLegend === undefined || !isDescendantOf(element, firstLegend)) return true;
  }
  return false;
}

function descendants(element: HtmlElement): HtmlElement[] {
  const found: HtmlElement[] = [];
  for (const child of element.childNodes) {
    if (!('tagName' in child)) continue;
    found.push(child, ...descendants(child));
  }
  return found;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
