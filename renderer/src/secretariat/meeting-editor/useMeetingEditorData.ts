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
      const [detail, extras] = await Promise.all([invoke('meetings.get', { id }), invoke('meetings.extras', { id })]);
      // The people of the meeting's organisation, each with his role there.
      const users = await invoke('secretariat.users', { orgId: detail.meeting.orgId });
      return { detail, extras, users };
    },
    [id],
    (c) => c.meetingIds.length === 0 || c.meetingIds.includes(id),
  );
}
