// Small choices the family makes on this phone.
import { appDb } from './appDb.ts';
import { setMeta } from './meta.ts';

export function selectPupil(pupilId: string): Promise<void> {
  return setMeta(appDb, 'selectedPupilId', pupilId);
}

export function setSendOnWifiOnly(on: boolean): Promise<void> {
  return setMeta(appDb, 'sendOnWifiOnly', on);
}
