/** The application menu with the usual items; Help opens https documentation in the system browser. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

const DOCS = 'https://help.yeastar.com/en/cloud-pbx/';

export function menuTemplate(isMac: boolean, devTools: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Yeastar Cloud PBX documentation', click: () => void shell.openExternal(DOCS) }],
    },
  ];
}

export function setupMenu(isMac: boolean, devTools: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(isMac, devTools)));
}
