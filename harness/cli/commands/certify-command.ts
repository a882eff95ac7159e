import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

export const certifyCommand: Command = {
  spec: {
    name: 'certify',
    summary: 'Certify a candidate connector (default: the bundled reference connector)',
    usage: 'bsck certify [--image IMAGE | --command CMD | --url URL] [--config FILE] [--only FLOW|ID]... [--out DIR]',
    options: {
      image: { type: 'string' },
      command: { type: 'string' },
      url: { type: 'string' },
      config: { type: 'string' },
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
    exclusive: [['image', 'command', 'url']],
  },
  async run(_parsed, io) {
    // The suites are not built yet; saying so with the kit-failure code keeps a CI gate from reading "pass".
    io.err('certify: not yet available in this version of the kit: the conformance suites have not landed');
    return EXIT.kitFailure;
  },
};
