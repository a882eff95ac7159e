import { cleanupRegistry, createContainerLauncher, createProcessLauncher, createUrlLauncher, type CandidateLauncher } from '../candidate/index.ts';
import { importContainerImage, prepareContainerImage, type PreparedContainerImage, type UnpreparedImageSource } from '../candidate/container-launcher.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { probeDockerEngine } from '../docker/index.ts';
import type { Redactor } from '../traffic/index.ts';
import { buildReferenceBundle, referenceImageImport } from './reference-connector.ts';

/** What only the run knows: the candidate's environment holds the simulator's addresses and credentials. */
export interface LaunchInput {
  readonly environment: Readonly<Record<string, string>>;
  readonly port: number;
  readonly redactor: Redactor;
}

export interface PreparedCandidate {
  /** How the candidate is started, for progress and the manifest: `reference connector (container)`, `image acme:1`, … */
  readonly label: string;
  /**
   * The launcher for this run. Its start() first awaits the preparation still under way (an image build), so a
   * preparation that failed fails the start with the same LaunchError a launcher doing it all would throw.
   */
  launcher(input: LaunchInput): CandidateLauncher;
  /** Waits for the preparation to settle and removes what it created (a bundle, a build context, a built image). */
  dispose(): Promise<void>;
}

export interface PrepareInput {
  readonly config: ResolvedConfig;
  /** Forces the reference connector's launch mode (tests); by default a container when an engine answers. */
  readonly referenceMode?: 'container' | 'process';
}

/**
 * Picks the launcher the config asks for and starts what needs neither the simulator's addresses nor its
 * credentials: finding or building the image, bundling the reference connector. Called before the simulated
 * Banking Service starts, so a build (seconds in the engine, little CPU here) overlaps the simulator's start (CPU
 * here); it resolves as soon as the label is known, with the slow part still running.
 */
export async function prepareCandidate(input: PrepareInput): Promise<PreparedCandidate> {
  const { config } = input;
  const readiness = { path: config.readiness.path, timeoutMs: config.readiness.timeoutMs };
  const nothing = async () => {};
  const spec = config.candidate;
  switch (spec.kind) {
    case 'url':
      return { label: `url ${spec.url}`, launcher: () => createUrlLauncher({ url: spec.url, readiness }), dispose: nothing };
    case 'command':
      return {
        label: `command ${Array.isArray(spec.command) ? spec.command.join(' ') : spec.command}`,
        launcher: ({ environment, port, redactor }) => createProcessLauncher({ command: spec.command, cwd: spec.workdir, environment, port, readiness, redactor }),
        dispose: nothing,
      };
    case 'image':
      return preparedContainer(`image ${spec.image}`, imageInBackground({ image: spec.image }), (prepared, run) =>
        createContainerLauncher({ source: { prepared }, environment: run.environment, port: run.port, network: spec.network, readiness, redactor: run.redactor }));
    case 'dockerfile':
      return preparedContainer(`dockerfile ${spec.folder}`, imageInBackground({ dockerfileDir: spec.folder }), (prepared, run) =>
        createContainerLauncher({ source: { prepared }, environment: run.environment, port: run.port, network: spec.network, readiness, redactor: run.redactor }));
    case 'reference': {
      const mode = input.referenceMode ?? ((await probeDockerEngine(2_000)).available ? 'container' : 'process');
      if (mode === 'process') {
        const bundle = await buildReferenceBundle();
        // Registered so that a second Ctrl-C (cleanupAll, then exit) removes the build files too, not only the candidate.
        const bundleCleanup = cleanupRegistry.register('reference connector bundle', () => bundle.dispose());
        return {
          label: 'reference connector (process)',
          launcher: ({ environment, port, redactor }) => createProcessLauncher({ command: [process.execPath, bundle.file], environment, port, readiness, redactor }),
          dispose: () => bundleCleanup.run(),
        };
      }
      return preparedContainer('reference connector (container)', referenceImageInBackground(), (prepared, run) =>
        createContainerLauncher({ source: { prepared }, environment: run.environment, port: run.port, network: 'host', readiness, redactor: run.redactor }));
    }
  }
}

/** The image's preparation, started now; its rejection is handled where it is awaited (start or dispose). */
function imageInBackground(source: UnpreparedImageSource): Promise<PreparedContainerImage> {
  const preparing = prepareContainerImage(source);
  preparing.catch(() => {});
  return preparing;
}

/**
 * The reference connector's FROM-scratch image (the host's node, its libraries and the bundle), imported rather
 * than built: the same files and instructions as its Dockerfile, in half the time. The bundle goes once imported.
 */
function referenceImageInBackground(): Promise<PreparedContainerImage> {
  const preparing = (async () => {
    const bundle = await buildReferenceBundle();
    const bundleCleanup = cleanupRegistry.register('reference connector bundle', () => bundle.dispose());
    try {
      return await importContainerImage(await referenceImageImport(bundle));
    } finally {
      await bundleCleanup.run();
    }
  })();
  preparing.catch(() => {});
  return preparing;
}

function preparedContainer(
  label: string,
  preparing: Promise<PreparedContainerImage>,
  create: (prepared: PreparedContainerImage, run: LaunchInput) => CandidateLauncher,
): PreparedCandidate {
  return {
    label,
    launcher: (run) => ({ start: async () => create(await preparing, run).start() }),
    dispose: async () => {
      const prepared = await preparing.catch(() => undefined);
      await prepared?.remove();
    },
  };
}
