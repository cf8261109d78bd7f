/**
 * The order in which a meeting's people are listed, as protocol wants it (screens, attendance,
 * Giấy mời, biên bản): the chair, then the vice-chairs (the standing one first), the other
 * members, the guests, the secretariat; within a rank by name as Vietnamese lists sort names —
 * by given name (the last word), then the family and middle names.
 */
import type { ParticipantRole } from '../entities';
import { foldVietnamese } from '../text/fold';
import { lazyVietnameseCollator } from '../text/vietnamese-collation';

export interface OrderedPerson {
  role: ParticipantRole;
  fullName: string;
  /** Position, e.g. "Phó Chủ tịch Thường trực UBND thành phố": tells a vice-chair from a member. */
  title: string;
}

const ROLE_RANK: Record<ParticipantRole, number> = { chair: 0, member: 2, guest: 5, secretary: 6 };

/** A member's rank from his position: standing vice-chair, vice-chair, other member. */
function memberRank(title: string): number {
  const t = foldVietnamese(title);
  if (!/\bpho chu tich\b/.test(t)) return ROLE_RANK.member + 1;
  return /\bthuong truc\b/.test(t) ? ROLE_RANK.member - 1 : ROLE_RANK.member;
}

export function protocolRank(p: Pick<OrderedPerson, 'role' | 'title'>): number {
  return p.role === 'member' ? memberRank(p.title) : ROLE_RANK[p.role];
}

// Created once, on first use (it is not cheap).
const collator = lazyVietnameseCollator({ sensitivity: 'variant', numeric: true });

const givenName = (name: string) => name.trim().split(/\s+/).pop() ?? '';

/** What protocol order compares of a person: rank, then given name, then the whole name. */
interface ProtocolKey {
  rank: number;
  given: string;
  full: string;
}

const protocolKey = (p: OrderedPerson): ProtocolKey => ({ rank: protocolRank(p), given: givenName(p.fullName), full: p.fullName.trim() });

const compareKeys = (a: ProtocolKey, b: ProtocolKey): number => a.rank - b.rank || collator().compare(a.given, b.given) || collator().compare(a.full, b.full);

/** Compares names the Vietnamese way: given name first, then the whole name. */
export function compareVietnameseNames(a: string, b: string): number {
  return collator().compare(givenName(a), givenName(b)) || collator().compare(a.trim(), b.trim());
}

export function compareParticipants(a: OrderedPerson, b: OrderedPerson): number {
  return compareKeys(protocolKey(a), protocolKey(b));
}

/**
 * A copy of `list` in protocol order; `person` reads each entry's role, name and position.
 * Each entry's key is worked out once, not in every comparison: the live meeting's state lists
 * every participant, and was sorted again for each ballot cast.
 */
export function inProtocolOrder<T>(list: readonly T[], person: (item: T) => OrderedPerson): T[] {
  return list
    .map((item) => ({ item, key: protocolKey(person(item)) }))
    .sort((x, y) => compareKeys(x.key, y.key))
    .map((x) => x.item);
}
