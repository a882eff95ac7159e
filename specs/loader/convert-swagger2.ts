import { convertObj } from 'swagger2openapi';
import { SpecLoadError, messageOf } from './spec-load-error.ts';

type Swagger2Document = Parameters<typeof convertObj>[0];

/**
 * Converts a Swagger 2.0 document (the form Sage publishes some of its APIs in) to OpenAPI 3.0, which is what
 * openapi-backend routes and validates. The caller validates the 2.0 document first, so problems are reported
 * in the terms of the file the user wrote, not of the converted one.
 */
export async function convertSwagger2(file: string, swagger: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  try {
    const converted = await convertObj(structuredClone(swagger) as unknown as Swagger2Document, {
      // Never fetch: external $refs stay as they are and are resolved later by the confined resolver.
      resolve: false,
      resolveInternal: false,
      // The document is already valid 2.0; patch only fixes what the 3.0 schema is stricter about.
      patch: true,
      warnOnly: false,
    });
    return converted.openapi as unknown as Record<string, unknown>;
  } catch (error) {
    throw new SpecLoadError(file, `cannot convert Swagger 2.0 to OpenAPI 3: ${messageOf(error)}`);
  }
}
