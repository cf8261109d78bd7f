/** Loads what the meeting editor shows (meeting, extras, the organisation's users) and re-reads it when that meeting changes. */
import type { MeetingDetail } from '../../../../shared/bridge';
import type { UserProfile } from '../../../../shared/entities';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { invoke } from '../../bridge';
import { useBridgeData } from '../../hooks';

export interface MeetingEditorData {
  detail: MeetingDetail;
  extras: MeetingExtras;
  users: UserProfile[];
}

export function useMeetingEditorData(id: string) {
  return useBridgeData<MeetingEditorData>(
    async () => {
      const [detail, extras, users] = await Promise.all([invoke('meetings.get', { id }), invoke('meetings.extras', { id }), invoke('secretariat.users', {})]);
      return { detail, extras, users };
    },
    [id],
    (c) => c.meetingIds.length === 0 || c.meetingIds.includes(id),
  );
}
