import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import { headerOf, verifySignedRequest } from './consumer-auth.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * POST /organisations, signed with the application's signing key [BRUNO-JSON] [CA-SETUP]. Answers 201 with the
 * organisation, its company and `token`, the organisation's signing key for GET /accesstoken [BRUNO-JSON] [KC-18].
 */
export function createOrganisation(context: ConsumerApiContext, request: ServerRequest): ServerReply {
  const applicationId = headerOf(request, 'x-application');
  const application = applicationId ? context.state.applications.get(applicationId) : undefined;
  if (!application) return singleError(401, 'unknown-application', 'x-application is missing or not a registered product [CA-SETUP]');
  const signed = verifySignedRequest(context, request, application.signingKey);
  if (!signed.ok) return signed.reply;
  if (request.body.kind !== 'json' || !isRecord(request.body.value)) return singleError(400, 'invalid-body', 'send the organisation as a JSON object [BRUNO]');
  const body = request.body.value;
  const company = isRecord(body['company']) ? body['company'] : {};
  const organisation = context.state.organisations.create({
    applicationId: application.applicationId,
    companyName: typeof company['name'] === 'string' ? company['name'] : 'Company',
    ...(typeof body['crmId'] === 'string' ? { crmId: body['crmId'] } : {}),
  });
  context.onSecret('organisation-signing-key', organisation.signingKey);
  context.events.append({ type: 'organisation.created', organisationId: organisation.organisationId, companyIds: organisation.companies.map((entry) => entry.companyId) });
  return {
    status: 201,
    json: {
      organisationId: organisation.organisationId,
      companies: organisation.companies.map((entry) => ({ companyId: entry.companyId, name: entry.name })),
      token: organisation.signingKey,
    },
  };
}

/** GET /accesstoken, signed with the organisation's key, for X-Organisation-Id and X-Company-Id [BRUNO] [CA-AUTHSVC]. */
export async function getAccessToken(context: ConsumerApiContext, request: ServerRequest): Promise<ServerReply> {
  const applicationId = headerOf(request, 'x-application');
  if (!applicationId || !context.state.applications.get(applicationId)) return singleError(401, 'unknown-application', 'x-application is missing or not a registered product [CA-SETUP]');
  const organisationId = headerOf(request, 'x-organisation-id') ?? '';
  const companyId = headerOf(request, 'x-company-id') ?? '';
  const organisation = context.state.organisations.get(organisationId);
  if (!organisation) return singleError(401, 'unknown-organisation', 'X-Organisation-Id is not an organisation of this Banking Service');
  const signed = verifySignedRequest(context, request, organisation.signingKey);
  if (!signed.ok) return signed.reply;
  if (!context.state.organisations.company(organisationId, companyId)) return singleError(401, 'unknown-company', 'X-Company-Id is not a company of X-Organisation-Id');
  const jwt = await context.jwt.issue({ organisationId, companyId, applicationId });
  return { status: 200, json: { jwt } };
}
