import { Sidebar, SidebarItem } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';

/**
 * The demo's sidebar: the installed plugins' pages, as the app plugin lists
 * them, but Notifications as the notifications plugin's own item, which
 * shows how many are unread (its new-frontend-system plugin has no nav item
 * of its own yet).
 */
export const navModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    NavContentBlueprint.make({
      params: {
        component: ({ navItems }) => {
          const nav = navItems.withComponent(item => (
            <SidebarItem
              icon={() => item.icon}
              to={item.href}
              text={item.title}
            />
          ));
          nav.take('page:notifications');
          return (
            <Sidebar>
              {nav.rest()}
              <NotificationsSidebarItem />
            </Sidebar>
          );
        },
      },
    }),
  ],
});
