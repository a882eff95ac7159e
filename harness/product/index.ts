export { ProductClient, defaultOrganisation } from './product-client.ts';
export type { CompanyScope, ConsumerResponse, ProductClientOptions } from './product-client.ts';
export type * from './consumer-bodies.ts';
