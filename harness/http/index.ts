export { startHttpServer } from './http-server.ts';
export type { CapturedExchange, HttpServerOptions, RequestHandler, Route, RunningHttpServer, ServerReply, ServerRequest } from './http-server.ts';
export { sendRequest } from './send-request.ts';
export type { OutboundExchange, OutboundFailure, OutboundRequest } from './send-request.ts';
export { BodyTooLargeError, parseBody, readBody } from './read-body.ts';
export type { ParsedBody } from './read-body.ts';
export { createRouteTable } from './route-table.ts';
export type { RouteDefinition, RouteMatch } from './route-table.ts';
