import { describe, expect, it } from 'vitest';
import type { RunEndpoints } from './candidate-environment.ts';
import { containerNetworkSettings, endpointsForBridgeNetwork } from './container-network.ts';

const endpoints: RunEndpoints = {
  port: 41000,
  bankingServiceUrl: 'http://127.0.0.1:40001',
  sageIdUrl: 'http://localhost:40002/',
  clientId: 'c',
  clientSecret: 'secret-1',
  audience: 'a',
  apiKey: 'key-1',
  connectorPublicUrl: 'http://127.0.0.1:41000',
  notificationHeaderName: 'x-h',
  notificationHeaderValue: 'v-1',
};

describe('container networking', () => {
  it('uses the host network by default: nothing published, no extra hosts', () => {
    expect(containerNetworkSettings('host', 41000)).toEqual({ networkMode: 'host', extraHosts: [], publishedPorts: [] });
  });

  it('for bridge, publishes the port under the same number and maps host.docker.internal to the host gateway', () => {
    expect(containerNetworkSettings('bridge', 41000)).toEqual({
      networkMode: 'bridge',
      extraHosts: [{ host: 'host.docker.internal', ipAddress: 'host-gateway' }],
      publishedPorts: [{ container: 41000, host: 41000 }],
    });
  });

  it('for bridge, points the kit URLs at host.docker.internal and leaves the public URL and others alone', () => {
    const bridged = endpointsForBridgeNetwork({ ...endpoints, notificationHeaderName: 'x-h' });
    expect(bridged.bankingServiceUrl).toBe('http://host.docker.internal:40001');
    expect(bridged.sageIdUrl).toBe('http://host.docker.internal:40002/');
    expect(bridged.connectorPublicUrl).toBe('http://127.0.0.1:41000');
    expect(endpointsForBridgeNetwork({ ...endpoints, bankingServiceUrl: 'http://sandbox.example:8080' }).bankingServiceUrl).toBe('http://sandbox.example:8080');
  });
});
