/**
 * The images a Dockerfile builds FROM, as far as they can be known without building: `scratch`, earlier stages
 * (`FROM … AS build` then `FROM build`) and names built from ARGs are left out. Used to explain a failed build:
 * testcontainers reports only "Failed to build image", and here the usual cause is a base image that is not
 * in the local engine and cannot be pulled.
 */
export function dockerfileBaseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  // Line continuations join an instruction that spans lines.
  const instructions = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const instruction of instructions) {
    const from = /^\s*FROM\s+((?:--\S+\s+)*)(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(instruction);
    if (from === null) continue;
    const image = from[2] as string;
    const stage = from[3];
    if (image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$') && !images.includes(image)) images.push(image);
    if (stage !== undefined) stages.add(stage.toLowerCase());
  }
  return images;
}
