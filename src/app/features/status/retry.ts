// "Try again" on refused items: back in the queue, then a sync.
import { getAppDb } from '../../data/lazyDb.ts';
import { requeueRejected } from '../../data/outbox.ts';
import { requestSync } from '../../sync/request.ts';

export async function retryRejected(): Promise<void> {
  await requeueRejected(await getAppDb());
  await requestSync('manual');
}
