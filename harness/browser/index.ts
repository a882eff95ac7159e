export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, chromiumExecutablePath, findChromium, launchChromium } from './launch-chromium.ts';
export type { ChromiumHandle, ChromiumProbe, LaunchChromiumOptions } from './launch-chromium.ts';
