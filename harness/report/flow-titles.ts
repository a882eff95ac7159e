import { FLOW_TITLES, FLOWS, type Flow } from '../../suites/requirements/index.ts';

export { FLOW_TITLES };

/** The flow's title as the reports show it (the Allure feature, the Markdown headings); an unknown flow as given. */
export const flowTitle = (flow: string): string => ((FLOWS as readonly string[]).includes(flow) ? FLOW_TITLES[flow as Flow] : flow);
