// Joining: exchange the school's code for this phone's device token, keep it, then sync.
import { useCallback, useState } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { appDb } from '../../data/appDb.ts';
import { saveJoinedDevice } from '../../data/meta.ts';
import { join } from '../../net/api.ts';
import { createHttp, HttpError, NetworkError } from '../../net/http.ts';
import { requestSync } from '../../sync/request.ts';

export type JoinError = ErrorCode | 'network';

export function useJoin() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<JoinError | null>(null);

  const submit = useCallback(
    async (code: string, deviceName: string): Promise<JoinResponse | null> => {
      setPending(true);
      setError(null);
      try {
        const name = deviceName.trim();
        const joined = await join(createHttp(), { code, ...(name ? { deviceName: name } : {}) });
        await saveJoinedDevice(appDb, {
          token: joined.token,
          deviceId: joined.deviceId,
          familyId: joined.familyId,
          familyName: joined.familyName,
          joinedAt: new Date().toISOString(),
        });
        void requestSync('start');
        return joined;
      } catch (e) {
        if (e instanceof NetworkError) setError('network');
        else if (e instanceof HttpError)
          setError(e.code === 'not_found' ? 'join_code_invalid' : e.code);
        else setError('server_error');
        return null;
      } finally {
        setPending(false);
      }
    },
    [],
  );

  return { submit, pending, error };
}
