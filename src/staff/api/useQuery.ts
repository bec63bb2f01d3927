// Reads for screens: the answer lives in React state only (never in the browser's storage),
// is fetched again when the inputs change, and a failed read can be retried.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { Endpoint, EndpointInput } from '../../shared/staff/contract.ts';
import { request } from './client.ts';

export type Query<T> =
  | { status: 'loading'; data: null; error: null; retry: () => void }
  | { status: 'done'; data: T; error: null; retry: () => void }
  | { status: 'failed'; data: null; error: unknown; retry: () => void };

export function useQuery<E extends Endpoint & { response: z.ZodType }>(
  e: E,
  input: EndpointInput<E>,
): Query<z.output<E['response']>> {
  // Fetched again when the input's value changes, not on every new object with the same value.
  const key = JSON.stringify(input);
  const latest = useRef(input);
  latest.current = input;
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'done'; data: z.output<E['response']> }
    | { status: 'failed'; error: unknown }
  >({ status: 'loading' });
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    request(e, latest.current, controller.signal).then(
      (data) => setState({ status: 'done', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => controller.abort();
    // `key` stands for the input's value (read through `latest`).
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [e, key, attempt]);

  if (state.status === 'done') return { status: 'done', data: state.data, error: null, retry };
  if (state.status === 'failed') return { status: 'failed', data: null, error: state.error, retry };
  return { status: 'loading', data: null, error: null, retry };
}
