import { describe, expect, it } from 'vitest';
import { dockerfileBaseImages } from './dockerfile-base-images.ts';

describe('dockerfileBaseImages', () => {
  it('lists external base images once, and leaves out scratch, earlier stages and ARG-built names', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'ARG NODE_VERSION=20',
      'FROM --platform=linux/amd64 node:20-alpine AS build',
      'RUN npm ci',
      'from build as test',
      'FROM node:${NODE_VERSION}',
      'FROM \\',
      '  gcr.io/distroless/nodejs20-debian12',
      'COPY --from=build /app /app',
      'FROM scratch',
      'FROM node:20-alpine',
    ].join('\n');
    expect(dockerfileBaseImages(dockerfile)).toEqual(['node:20-alpine', 'gcr.io/distroless/nodejs20-debian12']);
  });

  it('finds nothing to pull in a FROM scratch file', () => {
    expect(dockerfileBaseImages('FROM scratch\nCOPY rootfs/ /\nENTRYPOINT ["/usr/local/bin/node"]\n')).toEqual([]);
  });
});
