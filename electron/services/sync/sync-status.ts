import type { SyncStatus } from '../../../shared/bridge';

export const IDLE_DOWNLOAD: SyncStatus['download'] = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };

/** Holds the SyncStatus and reports every real change to its listener. */
export class SyncStatusHolder {
  private status: SyncStatus;

  constructor(
    initial: SyncStatus,
    private readonly onChange: (s: SyncStatus) => void,
  ) {
    this.status = initial;
  }

  get(): SyncStatus {
    return { ...this.status, download: { ...this.status.download }, offlineReady: this.status.offlineReady && { ...this.status.offlineReady } };
  }

  update(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.onChange(this.get());
  }
}
