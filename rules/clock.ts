/**
 * The turn's clock (DESIGN.md, data flow step 3): the instant "now", the user's time zone and locale.
 * Every date computation receives one of these; nothing in rules/ reads Date.now() on its own.
 * bot/clock.ts builds it from an incoming activity.
 */
export interface TurnClock {
  /** The current instant. */
  readonly now: Date;
  /**
   * An IANA zone name that Intl accepts ("America/Los_Angeles", "Etc/GMT+5", "UTC"). Fixed offsets
   * arrive as Etc/GMT zones (bot/clock.ts converts them): Node 20's Intl knows no "+09:00" zones.
   */
  readonly timeZone: string;
  /** BCP 47 locale of the user ("en-US", "en-GB"); decides the reading of 03/11/2026. */
  readonly locale: string;
}
