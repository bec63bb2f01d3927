// The learning-pack screens as one lazy chunk (the PDF reader is a further chunk, loaded
// only when a PDF is opened). Its strings load before any of them renders.
import { packsReady } from '../i18n/packs.ts';
import { PacksScreen } from './packs/PacksScreen.tsx';
import { PackScreen } from './packs/PackScreen.tsx';
import { FileScreen } from './packs/FileScreen.tsx';
import { PrintPackScreen } from './packs/PrintPack.tsx';
import { StorageScreen } from './packs/StorageScreen.tsx';
import './packs/packs.css';

await packsReady;

const screens = {
  list: PacksScreen,
  pack: PackScreen,
  file: FileScreen,
  print: PrintPackScreen,
  storage: StorageScreen,
};

export type PacksScreenName = keyof typeof screens;

export default function Packs({ screen }: { screen: PacksScreenName }) {
  const Screen = screens[screen];
  return <Screen />;
}
