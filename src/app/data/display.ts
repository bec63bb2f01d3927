// How the app looks and sounds on this phone (chosen in the parent area). Its own small
// module: the shell reads it on the first screen, without the parent area's code.
export type DisplayPrefs = {
  textSize: 'normal' | 'large' | 'larger';
  /** `system`: follow the phone's "increase contrast". */
  contrast: 'system' | 'high';
  font: 'standard' | 'dyslexic';
  /** `system`: follow the phone's "reduce motion". */
  motion: 'system' | 'reduce';
  sound: boolean;
  /** Schedules show symbols with their words, or symbols alone. */
  symbolLabels: 'text' | 'symbols';
};

export const defaultDisplayPrefs: DisplayPrefs = {
  textSize: 'normal',
  contrast: 'system',
  font: 'standard',
  motion: 'system',
  sound: true,
  symbolLabels: 'text',
};
