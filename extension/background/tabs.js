/**
 * The background's tab records and toolbar badge (an ES module of background.js): the number of
 * medium/high findings in a tab, over all its frames (reports over each frame's port), empty when
 * none, cleared when the tab navigates, a frame's share dropped when the frame goes; and which
 * frames the popup asks for their findings (`{what: 'frames'}`).
 */
const api = globalThis.ext;

/** True for an object that is neither null nor an array. */
export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The origin a frame reports for itself, kept only when it is that frame's: the sender's
 * `origin` (Chrome), else a well-formed origin (Firefox), else ''.
 */
function frameOrigin(claimed, sender) {
  if (typeof claimed !== 'string' || claimed.length > 300) return '';
  if (typeof sender.origin === 'string') return claimed === sender.origin ? claimed : '';
  if (claimed === 'null') return claimed;
  try {
    return new URL(claimed).origin === claimed ? claimed : '';
  } catch {
    return '';
  }
}

// ---- the badge: one record per tab in storage.session ------------------------------------
// A tab's record is `{origin, full, frames: {<frameId>: {count, unboxed, taken, scanned,
// unreadable, doc}}}` under one key, `t:<tabId>`: a report reads and writes its own tab's key only. The
// findings themselves stay in the content scripts (the popup asks them when it opens), so a
// frame costs a few dozen bytes; a frame with nothing to say (no finding, not the top frame) is
// not stored at all. Caps: MAX_FRAMES frames and MAX_TAB_BYTES bytes per tab (a page of 330
// frames full of findings once filled the 10 MB of storage.session, and every other tab lost its
// badge); past them a frame is not stored and the badge says "+". The badge is set from the
// record even when storing it fails.
//
// A frame is dropped when it goes: its content script holds a port (`frame:<doc>`, doc being a
// random id of its document) whose disconnection drops the frame's entry, if it is still that
// document's. A worker that was stopped (MV3 unloads it when idle) lost its ports: the frames
// stored by an earlier worker are checked once (`{what: 'alive'}`; a live one reconnects) when
// their tab next reports or its popup opens.

/** Most frames of one tab stored (and counted in the badge). */
const MAX_FRAMES = 128;
/** Most bytes (JSON) of one tab's record. */
const MAX_TAB_BYTES = 16 * 1024;
/** A document id, as the content script draws it. */
const DOC_ID = /^[0-9a-f]{16}$/;

const tabKey = (tabId) => `t:${tabId}`;
const frameRef = (tabId, frameId) => `${tabId}:${frameId}`;
const emptyRecord = () => ({ origin: '', full: false, frames: {} });

/** Frames with a live port in this worker's lifetime: `tabId:frameId` → doc. */
const ports = new Map();
/** Frames stored by an earlier worker and found alive since this one started. */
const checked = new Set();

/** Runs the updates of one tab's record one after another (reads and writes never interleave). */
const queues = new Map();
function inTabQueue(tabId, fn) {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => {});
  queues.set(tabId, tail);
  tail.then(() => { if (queues.get(tabId) === tail) queues.delete(tabId); });
  return run;
}

async function readRecord(tabId) {
  const got = (await api.storage.session.get(tabKey(tabId)))[tabKey(tabId)];
  return isPlainObject(got) && isPlainObject(got.frames) ? got : null;
}

/** The badge of a tab from its record: medium/high findings over its frames, "+" when full. */
async function setBadge(tabId, rec) {
  let n = 0;
  for (const f of Object.values(rec?.frames ?? {})) n += f.count | 0;
  const more = rec?.full === true ? '+' : '';
  const text = n > 999 ? '999+' : n > 0 ? `${n}${more}` : '';
  await api.action.setBadgeText({ tabId, text });
  if (n > 0) {
    await api.action.setBadgeBackgroundColor({ tabId, color: '#b42318' });
    if (api.action.setBadgeTextColor) await api.action.setBadgeTextColor({ tabId, color: '#ffffff' });
  }
}

/**
 * Changes one tab's record: `change(rec)` edits it and returns false when nothing changed. The
 * badge follows the record even if storing it fails (storage.session is shared by all tabs).
 */
function updateTab(tabId, change, { create = true } = {}) {
  return inTabQueue(tabId, async () => {
    const stored = await readRecord(tabId);
    if (!stored && !create) return null;
    const rec = stored ?? emptyRecord();
    if ((await change(rec)) === false) return rec;
    try {
      if (Object.keys(rec.frames).length || rec.full) {
        await api.storage.session.set({ [tabKey(tabId)]: rec });
      } else {
        await api.storage.session.remove(tabKey(tabId));
      }
    } finally {
      await setBadge(tabId, rec).catch(() => {}); // the tab may be gone
    }
    return rec;
  });
}

/**
 * Drops the frames of a record stored by an earlier worker that are gone (or hold another
 * document now). Each is asked once per worker lifetime; a live one reconnects its port.
 */
async function dropGone(tabId, rec) {
  const ask = Object.entries(rec.frames).filter(([id]) => !ports.has(frameRef(tabId, id))
    && !checked.has(frameRef(tabId, id)));
  const answers = await Promise.all(ask.map(([id, f]) => api.tabs.sendMessage(tabId,
    { what: 'alive' }, { frameId: Number(id) }).then((r) => r?.doc === f.doc, () => false)));
  let changed = false;
  ask.forEach(([id], i) => {
    if (answers[i]) {
      checked.add(frameRef(tabId, id));
    } else {
      delete rec.frames[id];
      changed = true;
    }
  });
  return changed;
}

/** Stores one frame's summary: `{what, count, unboxed, taken, origin, scanned, unreadable}`. */
function handleReport(msg, sender, doc) {
  const tabId = sender.tab.id;
  const { frameId } = sender;
  const int = (v) => (Number.isInteger(v) && v >= 0 ? v : 0);
  const entry = {
    count: int(msg.count),
    // Findings with no rendered box (counted, listed, never highlighted).
    unboxed: int(msg.unboxed),
    // How often the page took away unmask's highlights or element (content/paint.js keepShown).
    taken: int(msg.taken),
    scanned: msg.scanned === true,
    unreadable: typeof msg.unreadable === 'string' ? msg.unreadable.slice(0, 40) : '',
    doc,
  };
  const top = frameId === 0;
  const empty = !top && !entry.count && !entry.unboxed && !entry.unreadable;
  return updateTab(tabId, async (rec) => {
    let changed = await dropGone(tabId, rec);
    if (top) rec.origin = frameOrigin(msg.origin, sender);
    const had = Object.hasOwn(rec.frames, frameId);
    if (empty) {
      if (!had) return changed;
      delete rec.frames[frameId];
      return true;
    }
    if (!had && !top && Object.keys(rec.frames).length >= MAX_FRAMES) {
      changed ||= !rec.full;
      rec.full = true;
      return changed;
    }
    const before = rec.frames[frameId];
    rec.frames[frameId] = entry;
    if (!top && JSON.stringify(rec).length > MAX_TAB_BYTES) {
      if (before) rec.frames[frameId] = before;
      else delete rec.frames[frameId];
      rec.full = true;
    }
    return true;
  });
}

/** A frame's document went (its port closed): its entry goes, if it is still that document's. */
function dropFrame(tabId, frameId, doc) {
  return updateTab(tabId, (rec) => {
    if (rec.frames[frameId]?.doc !== doc) return false;
    delete rec.frames[frameId];
    return true;
  }, { create: false });
}

/** Forgets a tab's frames (navigation, close). */
export function forgetTab(tabId) {
  for (const ref of checked) if (ref.startsWith(`${tabId}:`)) checked.delete(ref);
  return inTabQueue(tabId, () => api.storage.session.remove(tabKey(tabId)));
}

/**
 * For the popup: the tab's record with gone frames dropped first, so it lists and counts only
 * frames that are there.
 */
export function handleFrames(msg) {
  const { tabId } = msg;
  if (!Number.isInteger(tabId) || tabId < 0) throw new Error('tabId');
  return updateTab(tabId, (rec) => dropGone(tabId, rec), { create: false });
}

/**
 * A content script's port (`frame:<doc>`, from a sender already checked to be one): its reports
 * come over it, and its closing (the frame's document went) drops the frame's entry. False
 * (and the port is left to the caller) when its name is not a frame's.
 */
export function framePort(port) {
  const { sender } = port;
  const doc = port.name.startsWith('frame:') ? port.name.slice(6) : '';
  if (!DOC_ID.test(doc)) return false;
  const tabId = sender.tab.id;
  const ref = frameRef(tabId, sender.frameId);
  ports.set(ref, doc);
  port.onMessage.addListener((msg) => {
    if (isPlainObject(msg) && msg.what === 'report') handleReport(msg, sender, doc).catch(() => {});
  });
  port.onDisconnect.addListener(() => {
    if (ports.get(ref) === doc) ports.delete(ref);
    dropFrame(tabId, sender.frameId, doc).catch(() => {});
  });
  return true;
}
