// Times in the member's own time zone (their profile's), words for the API's enum values.
export function formatTime(iso: string, timeZone: string | undefined, style: 'datetime' | 'date' | 'time' = 'datetime'): string {
  const opts: Intl.DateTimeFormatOptions =
    style === 'date' ? { dateStyle: 'medium' } : style === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(undefined, opts).format(new Date(iso));
  }
}

/** `outpatient_orthopedic` → `Outpatient orthopedic`. */
export function words(value: string): string {
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
