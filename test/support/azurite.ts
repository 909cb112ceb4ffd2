/**
 * Azurite (the Azure Blob Storage emulator) for the storage tests: test/globalSetup.ts starts it (or CI's
 * .ci/run does) and exports its endpoint as AZURITE_BLOB_ENDPOINT; these helpers build on that.
 */
import { randomBytes } from 'node:crypto';

/** The emulator's fixed, public development account key (as in node_modules/azurite; documented by Microsoft; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1 (throws when globalSetup did not run). */
export function azuriteEndpoint(): string {
  const endpoint = process.env.AZURITE_BLOB_ENDPOINT;
  if (!endpoint) {
    throw new Error('AZURITE_BLOB_ENDPOINT is not set: run jest with --globalSetup ./test/globalSetup.ts (or start Azurite and set it)');
  }
  return endpoint.replace(/\/+$/, '');
}

/** The well-known devstoreaccount1 connection string for an endpoint (Azurite's by default). */
export function azuriteConnectionString(endpoint: string = azuriteEndpoint()): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${endpoint};`;
}

/** A container name unique to one test (3-63 chars, lowercase letters, digits and single hyphens). */
export function uniqueContainer(prefix = 'test'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'test';
  return `${clean}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
