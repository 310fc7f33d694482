import { useEffect, useState } from 'react';
import { api } from './api';

// The vocabularies of provider choice (libs/provider-choice/domain vocabulary.ts), as the API speaks them:
// a copy, so the bundle carries no server code; data.unit.spec.ts fails when the two differ.
export const SERVICE_LINES = ['primary-care-reception', 'mental-health-and-substance-work', 'physiotherapy', 'social-guidance'] as const;
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export const SWITCH_REASONS = [
  'good-location',
  'good-public-transport',
  'good-parking',
  'doctor-appointment-availability',
  'nurse-appointment-availability',
  'opening-hours',
  'quality-of-care',
  'special-expertise',
  'long-term-care-relationship',
  'pleasant-premises',
  'accessibility',
  'occupational-health-same-place',
  'other',
] as const;
export const PREVIOUS_MAIN_USES = ['health-centre', 'occupational-health', 'private-clinic'] as const;
export const STAFF_CHANNELS = ['phone', 'in-person'] as const;

export interface Station {
  stationId: string;
  providerId: string;
  name: string;
  streetAddress: string;
  postalCode: string;
  municipalityCode: string;
  languages: string[];
  services: string[];
  openingHours: string;
  accessibility: string;
}

export interface Provider {
  providerId: string;
  businessId: string;
  name: string;
  kind: string;
  timeline: Array<{ from: string; status: string }>;
  terminatedFrom: string | null;
  stations: Station[];
}

export interface ListingView {
  stationId: string;
  providerId: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  reason?: string;
}

export interface Listing {
  personRef: string;
  eligible: boolean;
  current: ListingView | null;
  upcoming: (ListingView & { requestId?: string; status: 'pending' | 'scheduled' }) | null;
  nextPossibleSwitchDate: string | null;
  history: ListingView[];
}

/** A provider's status on a date: the last timeline entry from on or before it. */
export function statusOn(provider: Provider, date: string): string {
  return provider.timeline.filter((e) => e.from <= date).at(-1)?.status ?? 'registered';
}

/** Loads something once per `key`; `reload` asks again. */
export function useLoad<T>(key: string | null, load: () => Promise<T>): { data: T | null; reload(): void; failed: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    load()
      .then((d) => live && (setData(d), setFailed(null)))
      .catch((e: unknown) => live && setFailed(e instanceof Error ? e.message : 'ERROR'));
    return () => {
      live = false;
    };
  }, [key, n]);
  return { data, failed, reload: () => setN((x) => x + 1) };
}

export async function must<T>(p: ReturnType<typeof api<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.code);
  return r.body;
}

export const loadProviders = () => must(api<Provider[]>('GET', '/providers'));
export const loadListing = (personRef: string) => must(api<Listing>('GET', `/residents/${encodeURIComponent(personRef)}/listing`));

export function stationName(providers: Provider[] | null, stationId: string): string {
  for (const p of providers ?? []) for (const s of p.stations) if (s.stationId === stationId) return s.name;
  return stationId;
}
export function providerName(providers: Provider[] | null, providerId: string): string {
  return providers?.find((p) => p.providerId === providerId)?.name ?? providerId;
}
