// The tile map of provinces on /market: each province of the region list with its number of live
// stores and a shade for it, plus the stores outside the list.
import type { Kysely } from 'kysely';
import type { Province } from '../../regions';
import { listProvinceTiles, type ProvinceTile } from '../../regions/provinces';
import type { Database } from '../db/schema';
import { countLiveStoresByProvince } from './market.repository';

/** Shades of the map, 0 (no store) to 4 (the most). */
export const MAP_LEVELS = 4;

export interface MapTile extends Province, ProvinceTile {
  count: number;
  level: number;
}

export interface LegendStep {
  level: number;
  min: number;
  max: number;
}

export interface MarketMap {
  tiles: MapTile[];
  /** Live stores outside the region list (or with a province code it no longer has). */
  otherCount: number;
  total: number;
  /** The count range of each shade in use (level 0 is "none"). */
  legend: LegendStep[];
}

/** Shade of a count: 0 for none, else 1–4 by its share of the largest count. */
export function shadeLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(MAP_LEVELS, Math.max(1, Math.ceil((count / max) * MAP_LEVELS)));
}

export function legendFor(max: number): LegendStep[] {
  const steps: LegendStep[] = [];
  let previous = 0;
  for (let level = 1; level <= MAP_LEVELS; level += 1) {
    const upper = Math.floor((level / MAP_LEVELS) * max);
    if (upper > previous) {
      steps.push({ level, min: previous + 1, max: upper });
      previous = upper;
    }
  }
  return steps;
}

/** Every province of the region list with its number of live stores, and the stores outside the list. */
export async function loadMarketMap(db: Kysely<Database>): Promise<MarketMap> {
  const counts = await countLiveStoresByProvince(db);
  const provinces = listProvinceTiles();
  const listed = new Set(provinces.map((p) => p.code));
  let otherCount = 0;
  let total = 0;
  for (const [code, n] of counts) {
    total += n;
    if (code === null || !listed.has(code)) otherCount += n;
  }
  const max = Math.max(0, ...provinces.map((p) => counts.get(p.code) ?? 0));
  const tiles = provinces.map((p) => {
    const count = counts.get(p.code) ?? 0;
    return { ...p, count, level: shadeLevel(count, max) };
  });
  return { tiles, otherCount, total, legend: legendFor(max) };
}
