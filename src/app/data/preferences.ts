// Small choices the family makes on this phone.
import { getAppDb } from './lazyDb.ts';
import { setMeta } from './meta.ts';

export async function selectPupil(pupilId: string): Promise<void> {
  return setMeta(await getAppDb(), 'selectedPupilId', pupilId);
}

export async function setSendOnWifiOnly(on: boolean): Promise<void> {
  return setMeta(await getAppDb(), 'sendOnWifiOnly', on);
}
