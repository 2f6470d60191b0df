import type { Task } from '@fehrist/domain';
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browserTimeZone, createTaskActions, loadMutators } from '../app/actions';
import type { User } from '../app/session';
import { useKeepPushSubscription, useWorkerMessages } from '../notifications/worker-link';
import type { FehristDatabase } from '../store/db';
import type { SyncClient } from '../sync/client';
import { EmptyState } from './EmptyState';
import { Header } from './Header';
import { QuickAdd } from './QuickAdd';
import { RejectionBanner } from './RejectionBanner';
import { TaskList } from './TaskList';
import { Toolbar } from './Toolbar';
import { UndoToast } from './UndoToast';
import { UpdatePrompt } from './UpdatePrompt';
import { useTaskView } from './useTaskView';
import { DEFAULT_VIEW, loadView, saveView, type ViewPrefs } from './view';

interface Props {
  db: FehristDatabase;
  client: SyncClient;
  user: User;
  sessionExpired: boolean;
  onRequestSignIn: () => void;
  onSignedOut: () => void;
}

const UNDO_MS = 6000;

// Not needed for the first render, so they load in their own chunks.
const TaskEditor = lazy(() =>
  import('./TaskEditor').then((module) => ({ default: module.TaskEditor })),
);
const SignOutDialog = lazy(() =>
  import('./SignOutDialog').then((module) => ({ default: module.SignOutDialog })),
);
const ChatSheet = lazy(() => import('../chat/ChatSheet'));
const ActivityView = lazy(() => import('../history/ActivityView'));

/** Renders the signed-in app: quick add, filters, the task list, the editor and the banners. */
export function TaskApp({ db, client, user, sessionExpired, onRequestSignIn, onSignedOut }: Props) {
  const userZone = useMemo(browserTimeZone, []);
  const actions = useMemo(() => createTaskActions(db, client, userZone), [db, client, userZone]);
  const [view, setViewState] = useState<ViewPrefs>(loadView);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const [chatOpen, setChatOpen] = useState(false);
  const [activityOpen, setActivityOpen] = useState(false);
  const activityButtonRef = useRef<HTMLButtonElement>(null);
  const chatButtonRef = useRef<HTMLButtonElement>(null);
  const [pendingDelete, setPendingDelete] = useState<Task | null>(null);
  const deleteTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const quickAddRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const setView = useCallback((next: ViewPrefs) => {
    setViewState(next);
    saveView(next);
  }, []);

  const { loaded, total, matching, visible, tags } = useTaskView(
    db,
    view,
    userZone,
    pendingDelete?.id ?? null,
  );
  // Notifications: an action queued in the worker syncs now; a tapped one opens its task.
  useWorkerMessages({ onSync: () => void client.sync(), onOpenTask: setEditingId });
  useKeepPushSubscription(user.id);

  const editingTask = useLiveQuery(
    () => (editingId ? db.tasks.get(editingId) : undefined),
    [db, editingId],
  );

  // A delete waits for its undo window; anything that ends the page commits it first.
  const commitDelete = useCallback(async () => {
    clearTimeout(deleteTimer.current);
    const task = pendingDelete;
    if (!task) return;
    setPendingDelete(null);
    await actions.remove(task.id);
  }, [pendingDelete, actions]);

  const requestDelete = useCallback(
    (task: Task) => {
      void commitDelete();
      setPendingDelete(task);
      setEditingId(null);
      deleteTimer.current = setTimeout(() => {
        setPendingDelete(null);
        void actions.remove(task.id);
      }, UNDO_MS);
    },
    [commitDelete, actions],
  );

  useEffect(() => {
    const commitOnHide = () => {
      if (document.visibilityState === 'hidden') void commitDelete();
    };
    window.addEventListener('pagehide', commitOnHide);
    document.addEventListener('visibilitychange', commitOnHide);
    return () => {
      window.removeEventListener('pagehide', commitOnHide);
      document.removeEventListener('visibilitychange', commitOnHide);
    };
  }, [commitDelete]);

  // Keyboard shortcuts as in Todoist: "q" or "n" focuses quick add, "/" focuses search.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      if (event.key === 'q' || event.key === 'n') {
        event.preventDefault();
        quickAddRef.current?.focus();
      } else if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Fetch the mutators while the user reads the list, before the first edit needs them.
  useEffect(() => {
    const timer = setTimeout(() => void loadMutators(), 0);
    return () => clearTimeout(timer);
  }, []);

  // The manifest's "New task" shortcut opens /?action=new-task.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get('action') !== 'new-task') return;
    quickAddRef.current?.focus();
    url.searchParams.delete('action');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }, []);

  return (
    <div className={chatOpen ? 'app app--chat-open' : 'app'}>
      <Header
        db={db}
        client={client}
        user={user}
        sessionExpired={sessionExpired}
        onRequestSignIn={onRequestSignIn}
        onSignOut={() => setSigningOut(true)}
        chatOpen={chatOpen}
        onToggleChat={() => setChatOpen((open) => !open)}
        chatButtonRef={chatButtonRef}
        onOpenActivity={() => setActivityOpen(true)}
        activityButtonRef={activityButtonRef}
      />
      <main className="main">
        <QuickAdd ref={quickAddRef} onAdd={actions.create} />
        <Toolbar ref={searchRef} view={view} onChange={setView} tags={tags} count={matching} />
        <RejectionBanner db={db} />
        {loaded && visible.length === 0 ? (
          <EmptyState
            hasTasks={total > 0}
            onClearFilters={() => setView({ ...DEFAULT_VIEW, sort: view.sort, order: view.order })}
          />
        ) : (
          <TaskList
            tasks={visible}
            loaded={loaded}
            query={view.q}
            userZone={userZone}
            actions={actions}
            onOpen={setEditingId}
            onDelete={requestDelete}
            onTagClick={(tag) => setView({ ...view, tag })}
          />
        )}
      </main>
      <Suspense fallback={null}>
        {editingTask && (
          <TaskEditor
            db={db}
            task={editingTask}
            userZone={userZone}
            userID={user.id}
            actions={actions}
            onClose={() => setEditingId(null)}
            onDelete={requestDelete}
          />
        )}
        {pendingDelete && (
          <UndoToast
            title={pendingDelete.title}
            onUndo={() => {
              clearTimeout(deleteTimer.current);
              setPendingDelete(null);
            }}
          />
        )}
        <UpdatePrompt beforeReload={commitDelete} />
        {signingOut && (
          <SignOutDialog
            db={db}
            client={client}
            userID={user.id}
            beforeSignOut={commitDelete}
            onCancel={() => setSigningOut(false)}
            onSignedOut={onSignedOut}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {activityOpen && (
          <ActivityView
            db={db}
            userID={user.id}
            userZone={userZone}
            onOpenTask={setEditingId}
            onClose={() => {
              setActivityOpen(false);
              activityButtonRef.current?.focus();
            }}
          />
        )}
      </Suspense>
      {/* A boundary of its own, so loading the panel never hides the editor or the toasts. */}
      <Suspense fallback={null}>
        {chatOpen && (
          <ChatSheet
            db={db}
            actions={actions}
            userID={user.id}
            userZone={userZone}
            onClose={() => {
              setChatOpen(false);
              chatButtonRef.current?.focus();
            }}
          />
        )}
      </Suspense>
    </div>
  );
}
