/**
 * The live meeting: state snapshot, commands, ballots over HTTP; the meeting's live
 * socket pushes the full state after every change.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors';
import { Id } from '../../shared/ids';
import { CastBallotRequest, CastBallotResponse, LIVE_MEETING_PATHS, LiveCommand, LiveMeetingState } from '../../shared/live-meeting';
import { LiveMeetingService } from '../live-meeting/service';
import { socketSession } from '../live/socket-guard';
import { authOf, bearerToken, requireAuth, type ServerContext } from './context';

declare module 'fastify' {
  interface FastifyInstance {
    /** The live meeting service (tests and the scheduler reach it here). */
    liveMeetings: LiveMeetingService;
  }
}

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const MeetingParams = z.object({ id: Id });

export async function liveMeetingRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const service = new LiveMeetingService(ctx, (e) => app.log.error({ err: e }, 'live meeting'));
  app.decorate('liveMeetings', service);
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => {
    await service.stopJobs();
    service.stop();
    await service.settle();
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    LIVE_MEETING_PATHS.state(':id'),
    { onRequest: requireAuth(ctx), schema: { tags: ['live'], summary: 'The live meeting state now', params: MeetingParams, response: { 200: LiveMeetingState, ...errors } } },
    async (req) => service.state(authOf(req).user, req.params.id),
  );

  r.post(
    LIVE_MEETING_PATHS.commands(':id'),
    {
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['live'],
        summary: "Chair's moves (items, speakers, votes) and members' requests to speak; answers the new state",
        params: MeetingParams,
        body: LiveCommand,
        response: { 200: LiveMeetingState, ...errors },
      },
    },
    async (req) => service.command(authOf(req).user, req.params.id, req.body),
  );

  r.post(
    LIVE_MEETING_PATHS.ballots(':id'),
    {
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['live'],
        summary: 'Cast a ballot: once per member, refused after close, by non-eligible users and on replay',
        params: MeetingParams,
        body: CastBallotRequest,
        response: { 200: CastBallotResponse, ...errors },
      },
    },
    async (req) => service.cast(authOf(req).user, req.params.id, req.body),
  );

  r.get(
    LIVE_MEETING_PATHS.socket(':id'),
    {
      websocket: true,
      onRequest: requireAuth(ctx, { allowQueryToken: true }),
      schema: {
        tags: ['live'],
        summary: 'WebSocket: {type:"state",version,state} now (and on {type:"refresh"}), then {type:"patch",base,version,ops} after every change of the meeting; closed with a LIVE_CLOSE code when the user may no longer see it',
        params: MeetingParams,
        querystring: z.object({ access_token: z.string().max(512).optional() }),
      },
    },
    async (socket, req) => {
      const auth = authOf(req);
      const session = await socketSession(ctx.db, bearerToken(req, true)!, auth.sessionId, auth.user.id);
      await service.watch(socket, auth.user, session, (req.params as { id: string }).id);
    },
  );
}
