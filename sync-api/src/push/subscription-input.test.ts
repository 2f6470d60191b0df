import { describe, expect, it } from 'vitest';
import { endpointProblem } from './subscription-input';

describe('endpointProblem', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/abc:def',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAA',
    'https://web.push.apple.com/QGx',
    'https://8.8.8.8/push',
    'https://[2001:4860:4860::8888]/push',
  ])('accepts %s', (endpoint) => {
    expect(endpointProblem(endpoint, false)).toBeUndefined();
  });

  it.each([
    ['not a URL', 'absolute https://'],
    ['ftp://push.example.com/a', 'https://'],
    ['http://push.example.com/a', 'https://'],
    ['https://user:pw@push.example.com/a', 'user name or password'],
    ['https://localhost/a', 'not a local or private address'],
    ['https://app.localhost/a', 'not a local or private address'],
    ['https://127.0.0.1/a', 'not a local or private address'],
    ['https://2130706433/a', 'not a local or private address'],
    ['https://0x7f.1/a', 'not a local or private address'],
    ['https://10.0.0.1/a', 'not a local or private address'],
    ['https://172.16.5.4/a', 'not a local or private address'],
    ['https://192.168.1.1/a', 'not a local or private address'],
    ['https://169.254.169.254/latest', 'not a local or private address'],
    ['https://100.64.0.1/a', 'not a local or private address'],
    ['https://0.0.0.0/a', 'not a local or private address'],
    ['https://[::1]/a', 'not a local or private address'],
    ['https://[fd12::1]/a', 'not a local or private address'],
    ['https://[fe80::1]/a', 'not a local or private address'],
    ['https://[::ffff:127.0.0.1]/a', 'not a local or private address'],
  ])('rejects %s', (endpoint, reason) => {
    expect(endpointProblem(endpoint, false)).toContain(reason);
  });

  it.each([
    'http://127.0.0.1:8090/push/1',
    'http://localhost:8090/push/1',
    'https://127.0.0.1:8090/push/1',
  ])('accepts %s when insecure endpoints are allowed', (endpoint) => {
    expect(endpointProblem(endpoint, true)).toBeUndefined();
  });

  it.each([
    'http://10.0.0.1/push',
    'http://push.example.com/push',
    'http://169.254.169.254/latest',
  ])('still rejects %s when insecure endpoints are allowed', (endpoint) => {
    expect(endpointProblem(endpoint, true)).toBeDefined();
  });
});
