// Joining and the welcome after it, as one lazy chunk with its strings (the "welcome"
// namespace): a joined phone's first screen never loads them.
import { welcomeReady } from '../i18n/welcome.ts';
import { JoinScreen } from './join/JoinScreen.tsx';
import { WelcomeScreen } from './join/WelcomeScreen.tsx';
import './join/join.css';

await welcomeReady;

export default function Join({ screen }: { screen: 'join' | 'welcome' }) {
  return screen === 'join' ? <JoinScreen /> : <WelcomeScreen />;
}
