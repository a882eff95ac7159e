export { CAPABILITIES, CAPABILITY_IDS, isCapability, requirementApplies } from './capabilities.ts';
export type { Capability, CapabilityDefinition } from './capabilities.ts';
export {
  FLOW_ID_PREFIX,
  FLOW_TITLES,
  FLOWS,
  ORIGINS,
  parseRequirementSet,
  REQUIREMENT_LEVELS,
  REQUIREMENT_SET_VERSION,
  RequirementSetError,
} from './catalogue-schema.ts';
export type { Flow, NotCoveredEntry, Origin, Requirement, RequirementLevel, RequirementSet } from './catalogue-schema.ts';
export { COLLECTION_ASSERTIONS, COVERAGE_TARGETS, DERIVED_CHECKS } from './coverage-targets.ts';
export type { CollectionAssertion, DerivedCheck } from './coverage-targets.ts';
export {
  BUNDLED_SETS_FOLDER,
  CURRENT_REQUIREMENT_SET,
  listKnownRequirementSets,
  loadRequirementSet,
  requirementSetDigest,
} from './load-requirement-set.ts';
export type { LoadedRequirementSet, RequirementSetOptions } from './load-requirement-set.ts';
export { renderRequirementsPage } from './render-requirements-page.ts';
