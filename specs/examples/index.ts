export {
  EXAMPLES_FOLDER,
  ExampleManifestError,
  KEYWORD_OF_MUTATION,
  MANIFEST_FILE,
  MUTATION_KINDS,
  applyMutation,
  listExampleFiles,
  loadExampleManifest,
  parseExampleManifest,
  readExample,
} from './example-manifest.ts';
export type { ExampleEntry, ExampleMutation, MutationKind } from './example-manifest.ts';
export { possibleMutationKinds } from './possible-mutation-kinds.ts';
