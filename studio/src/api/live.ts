import { useQueryClient } from '@tanstack/react-query';
import { createClient, type Client } from 'graphql-ws';
import { useEffect } from 'react';
import { currentCsrfToken } from './graphql.ts';

/**
 * Live record changes (`recordChanged` on the `/graphql` WebSocket, graphql-ws): one socket per tab,
 * opened when the first page subscribes and closed a while after the last one leaves. Signed in by
 * the session cookie, with the session's CSRF token in the connection params (a page of another site
 * could open the socket with the cookie, but cannot know the token).
 */
let client: Client | undefined;

function liveClient(): Client {
  client ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ 'x-csrf-token': currentCsrfToken() ?? '' }),
    lazy: true,
    lazyCloseTimeout: 5_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  return client;
}

const SUBSCRIPTION = 'subscription($object: String!, $filter: JSON) { recordChanged(object: $object, filter: $filter) { id kind } }';

/**
 * While mounted, another user's change of a record of `object` (matching `filter`) the caller may
 * see marks the object's cached lists and records stale (react-query refetches what is on screen).
 * Changes arriving together are one refetch.
 */
export function useLiveRecords(object: string | undefined, filter?: Record<string, unknown> | null): void {
  const queries = useQueryClient();
  const key = JSON.stringify(filter ?? null);
  useEffect(() => {
    if (!object || typeof WebSocket === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stale = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void queries.invalidateQueries({ queryKey: ['records', object] }), 150);
    };
    const stop = liveClient().subscribe({ query: SUBSCRIPTION, variables: { object, filter: JSON.parse(key) } }, { next: stale, error: () => {}, complete: () => {} });
    return () => { clearTimeout(timer); stop(); };
  }, [object, key, queries]);
}
