import { OpenAPIRouter, type Document, type Operation } from 'openapi-backend';

/**
 * openapi-backend's router rebuilds its flattened operation list (a lodash chain over every path) on each
 * getOperation/matchOperation call, so every validation paid for it. The loader's documents never change after
 * loading, so the list is built once; routing and path-parameter parsing stay openapi-backend's own.
 */
export class MemoisedRouter extends OpenAPIRouter<Document> {
  #operations: Operation<Document>[] | undefined;
  #byId: Map<string, Operation<Document>> | undefined;

  constructor(definition: Document) {
    super({ definition, apiRoot: '/', ignoreTrailingSlashes: true });
  }

  override getOperations(): Operation<Document>[] {
    this.#operations ??= super.getOperations();
    return this.#operations;
  }

  override getOperation(operationId: string): Operation<Document> | undefined {
    this.#byId ??= new Map(this.getOperations().map((operation) => [operation.operationId ?? '', operation]));
    return this.#byId.get(operationId);
  }
}
