import { cleanupRegistry, createContainerLauncher, createProcessLauncher, createUrlLauncher, type CandidateLauncher } from '../candidate/index.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { probeDockerEngine } from '../docker/index.ts';
import type { Redactor } from '../traffic/index.ts';
import { buildReferenceBundle, createReferenceImageContext } from './reference-connector.ts';

export interface LauncherChoice {
  readonly launcher: CandidateLauncher;
  /** How the candidate is started, for progress and the manifest: `reference connector (container)`, `image acme:1`, … */
  readonly label: string;
  /** Removes what choosing the launcher created (a bundle, a build context); the launcher removes the rest. */
  dispose(): Promise<void>;
}

export interface LauncherInput {
  readonly config: ResolvedConfig;
  readonly environment: Readonly<Record<string, string>>;
  readonly port: number;
  readonly redactor: Redactor;
  /** Forces the reference connector's launch mode (tests); by default a container when an engine answers. */
  readonly referenceMode?: 'container' | 'process';
}

/** Picks the launcher the config asks for; the bundled reference connector runs in a container when it can. */
export async function chooseLauncher(input: LauncherInput): Promise<LauncherChoice> {
  const { config, environment, port, redactor } = input;
  const readiness = { path: config.readiness.path, timeoutMs: config.readiness.timeoutMs };
  const nothing = async () => {};
  const spec = config.candidate;
  switch (spec.kind) {
    case 'url':
      return { launcher: createUrlLauncher({ url: spec.url, readiness }), label: `url ${spec.url}`, dispose: nothing };
    case 'command':
      return {
        launcher: createProcessLauncher({ command: spec.command, cwd: spec.workdir, environment, port, readiness, redactor }),
        label: `command ${Array.isArray(spec.command) ? spec.command.join(' ') : spec.command}`,
        dispose: nothing,
      };
    case 'image':
      return {
        launcher: createContainerLauncher({ source: { image: spec.image }, environment, port, network: spec.network, readiness, redactor }),
        label: `image ${spec.image}`,
        dispose: nothing,
      };
    case 'dockerfile':
      return {
        launcher: createContainerLauncher({ source: { dockerfileDir: spec.folder }, environment, port, network: spec.network, readiness, redactor }),
        label: `dockerfile ${spec.folder}`,
        dispose: nothing,
      };
    case 'reference': {
      const mode = input.referenceMode ?? ((await probeDockerEngine(2_000)).available ? 'container' : 'process');
      const bundle = await buildReferenceBundle();
      // Registered so that a second Ctrl-C (cleanupAll, then exit) removes the build files too, not only the candidate.
      const bundleCleanup = cleanupRegistry.register('reference connector bundle', () => bundle.dispose());
      if (mode === 'process') {
        return {
          launcher: createProcessLauncher({ command: [process.execPath, bundle.file], environment, port, readiness, redactor }),
          label: 'reference connector (process)',
          dispose: () => bundleCleanup.run(),
        };
      }
      const context = await createReferenceImageContext(bundle).catch(async (error: unknown) => {
        await bundleCleanup.run();
        throw error;
      });
      const contextCleanup = cleanupRegistry.register('reference connector build context', () => context.dispose());
      return {
        launcher: createContainerLauncher({ source: { dockerfileDir: context.dir }, environment, port, network: 'host', readiness, redactor }),
        label: 'reference connector (container)',
        dispose: async () => {
          await contextCleanup.run();
          await bundleCleanup.run();
        },
      };
    }
  }
}
