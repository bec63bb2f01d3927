// The routine screens (visual schedules, reward charts, child mode, the parent area) as
// one lazy chunk. Its strings and the symbol set load before any of them renders, so a
// screen never shows keys or empty symbols; both are precached, so this works offline.
import { routineReady } from '../i18n/routine.ts';
import { loadCatalog } from '../net/symbols.ts';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { ParentGate } from './parent/ParentGate.tsx';
import { DisplaySettings } from './parent/DisplaySettings.tsx';
import { ScheduleScreen } from './schedule/ScheduleScreen.tsx';
import { PlayScreen } from './schedule/PlayScreen.tsx';
import { PrintScreen } from './schedule/PrintScreen.tsx';
import { ScheduleEditorScreen } from './schedule/ScheduleEditor.tsx';
import { ChartEditorScreen } from './rewards/ChartEditor.tsx';
import { ChildModeScreen } from './child/ChildModeScreen.tsx';
import './schedule/routine.css';

await Promise.all([routineReady, loadCatalog().catch(() => undefined)]);

const screens = {
  day: ScheduleScreen,
  play: PlayScreen,
  print: PrintScreen,
  child: ChildModeScreen,
  // The parent area: behind the PIN.
  edit: () => (
    <ParentGate>
      <ScheduleEditorScreen />
    </ParentGate>
  ),
  chart: () => (
    <ParentGate>
      <ChartEditorScreen />
    </ParentGate>
  ),
  settings: () => (
    <ParentGate>
      <SettingsScreen extra={<DisplaySettings />} />
    </ParentGate>
  ),
};

export type RoutineScreenName = keyof typeof screens;

export default function Routine({ screen }: { screen: RoutineScreenName }) {
  const Screen = screens[screen];
  return <Screen />;
}
