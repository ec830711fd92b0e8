import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../contract/errors';
import { prepareRequest } from '../../../renderer/src/client/http-request';

describe('prepareRequest', () => {
  it('sends GET input as a query string, leaving out empty values', () => {
    expect(prepareRequest({ method: 'GET', path: '/api/activity' }, { outcome: 'error', text: 'a b&c', limit: 5, before: undefined })).toEqual({
      method: 'GET',
      path: '/api/activity?outcome=error&text=a+b%26c&limit=5',
    });
    expect(prepareRequest({ method: 'GET', path: '/api/settings' }, {})).toEqual({ method: 'GET', path: '/api/settings' });
  });

  it('fills path parameters from the input and sends the rest as JSON', () => {
    expect(prepareRequest({ method: 'PATCH', path: '/api/things/:id' }, { id: 'a/b', name: 'x' })).toEqual({
      method: 'PATCH',
      path: '/api/things/a%2Fb',
      body: '{"name":"x"}',
      contentType: 'application/json',
    });
    expect(prepareRequest({ method: 'DELETE', path: '/api/things/:id' }, { id: '7' })).toEqual({ method: 'DELETE', path: '/api/things/7' });
  });

  it('refuses a missing path parameter or an object in a query string', () => {
    expect(() => prepareRequest({ method: 'GET', path: '/api/things/:id' }, {})).toThrow(ApiError);
    expect(() => prepareRequest({ method: 'GET', path: '/api/things' }, { filter: { a: 1 } })).toThrow(/query string/);
  });
});
