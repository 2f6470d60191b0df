import { describe, expect, it } from 'vitest';
import { rejectEndpoint } from '../src/push/endpoint-policy';

describe('rejectEndpoint', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/abc',
    'https://updates.push.services.mozilla.com/wpush/v2/abc',
    'https://web.push.apple.com/QGx',
  ])('accepts the push service %s', (endpoint) => {
    expect(rejectEndpoint(endpoint, false)).toBeUndefined();
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/abc', 'not https'],
    ['https://localhost/push', 'loopback'],
    ['https://127.0.0.1/push', 'loopback'],
    ['https://[::1]/push', 'loopback'],
    ['https://10.1.2.3/push', 'private'],
    ['https://192.168.0.10/push', 'private'],
    ['https://169.254.169.254/latest', 'private'],
    ['https://[fd00::1]/push', 'private'],
    ['https://user:secret@push.example.com/x', 'user name'],
    ['not a url', 'not a valid URL'],
  ])('rejects %s', (endpoint, reason) => {
    expect(rejectEndpoint(endpoint, false)).toContain(reason);
  });

  it('accepts a local http push service only when insecure endpoints are allowed', () => {
    expect(rejectEndpoint('http://127.0.0.1:8090/notify/abc', true)).toBeUndefined();
    expect(rejectEndpoint('http://localhost:8090/notify/abc', true)).toBeUndefined();
    expect(rejectEndpoint('http://10.0.0.5:8090/notify/abc', true)).toContain('not https');
    expect(rejectEndpoint('http://127.0.0.1:8090/notify/abc', false)).toContain('not https');
  });
});
