/** Routes of the live meeting: #/meetings/:id/live. */
export type LiveRoute = { name: 'liveMeeting'; id: string };

export function parseLiveRoute(path: string): LiveRoute | null {
  const m = /^\/meetings\/([^/]+)\/live$/.exec(path);
  return m ? { name: 'liveMeeting', id: decodeURIComponent(m[1]) } : null;
}

export const liveHref = (meetingId: string) => `#/meetings/${encodeURIComponent(meetingId)}/live`;
