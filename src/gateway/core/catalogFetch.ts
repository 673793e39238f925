/** Fetching a gateway's model list: one call, its failures as GatewayErrors, and a body that must be a list. */
import type OpenAI from 'openai';
import { isModelList, parseCatalog, type Catalog } from './catalog';
import { GatewayError, toGatewayError } from './errors';
import { secretsOf, type GatewayProfile } from './gateways';

/** The gateway's catalog; throws a GatewayError when it cannot be had, or is not a model list. */
export async function fetchCatalog(client: OpenAI, profile: GatewayProfile, key: string | undefined): Promise<Catalog> {
  let body: unknown;
  try {
    body = await client.get<unknown>('/models');
  } catch (thrown) {
    throw toGatewayError(thrown, profile.dialect, false, secretsOf(profile, key));
  }
  // A login page or a proxy's error page answered with 200 is not an empty list of models.
  if (!isModelList(body)) throw new GatewayError({ reason: 'malformedStream', detail: 'the model list is not a list' });
  return parseCatalog(profile.dialect, body);
}
