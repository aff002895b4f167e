package server

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// hub sends events to every open page.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

// send queues e for every client; one too slow to keep up misses it
// rather than holding up the others.
func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
		}
	}
}

// close ends every event stream, so that a shutdown need not wait for
// pages that would listen forever.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		close(c)
		delete(h.clients, c)
	}
}

func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 16)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		if h.clients[c] {
			delete(h.clients, c)
		}
		h.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	// Reconnect quickly after a restart of serve.
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	flusher.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
			flusher.Flush()
		}
	}
}

// liveJS runs in every previewed page: it reloads the page when a
// rebuild changed it, and lays the problems of a failed rebuild over it
// until they are fixed. Styles are set through the CSSOM, which the
// page's Content-Security-Policy allows.
const liveJS = `(() => {
  "use strict";
  const version = new URL(document.currentScript.src).searchParams.get("v");
  const here = () => decodeURIComponent(location.pathname).replace(/\/?$/, "/");
  let box = null;
  function show(problems) {
    if (box) { box.remove(); box = null; }
    if (!problems || problems.length === 0) return;
    box = document.createElement("div");
    box.id = "candor-problems";
    box.setAttribute("role", "alert");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: "60vh", overflow: "auto",
      background: "#fff5f5", color: "#5c1111", borderTop: "4px solid #b42318", padding: "1rem 1.25rem",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", zIndex: "2147483647",
      boxShadow: "0 -4px 16px rgba(0,0,0,.15)"
    });
    const title = document.createElement("strong");
    title.textContent = "candor: the last change did not build. This is the last good version. Fix these and save:";
    title.style.font = "600 15px/1.4 system-ui, sans-serif";
    box.append(title);
    const list = document.createElement("ul");
    list.style.margin = ".5rem 0 0";
    list.style.paddingLeft = "1.25rem";
    for (const p of problems) {
      const li = document.createElement("li");
      li.textContent = p;
      list.append(li);
    }
    box.append(list);
    document.body.append(box);
  }
  // Warnings never block: a small note at the bottom that opens to the
  // list, kept apart from the problems of a build that failed.
  let note = null;
  function warn(list) {
    if (note) { note.remove(); note = null; }
    // The dashboard lists them by candidate already.
    if (!list || list.length === 0 || location.pathname.startsWith("` + Prefix + `")) return;
    document.body.style.paddingBottom = "4rem"; // room to read past the note
    note = document.createElement("details");
    note.id = "candor-warnings";
    Object.assign(note.style, {
      position: "fixed", left: "0.75rem", bottom: "0.75rem", maxWidth: "min(40rem, calc(100vw - 1.5rem))", maxHeight: "50vh", overflow: "auto",
      background: "#fff8e6", color: "#5c4100", border: "1px solid #e8c36a", borderRadius: "8px", padding: "0.5rem 0.75rem",
      font: "14px/1.5 system-ui, sans-serif", zIndex: "2147483646", boxShadow: "0 2px 8px rgba(0,0,0,.12)"
    });
    const summary = document.createElement("summary");
    summary.textContent = "candor: " + list.length + (list.length === 1 ? " warning" : " warnings") + " (the site builds)";
    summary.style.cursor = "pointer";
    note.append(summary);
    const items = document.createElement("ul");
    items.style.margin = ".25rem 0 0";
    items.style.paddingLeft = "1.25rem";
    for (const w of list) {
      const li = document.createElement("li");
      li.textContent = w;
      li.style.overflowWrap = "anywhere";
      items.append(li);
    }
    note.append(items);
    document.body.append(note);
  }
  const events = new EventSource("` + Prefix + `events");
  events.addEventListener("open", () => { document.documentElement.dataset.candorLive = "open"; });
  events.addEventListener("problems", e => show(JSON.parse(e.data)));
  events.addEventListener("reload", e => {
    const d = JSON.parse(e.data);
    const path = here();
    if (d.all || d.paths.some(p => p.replace(/\/?$/, "/") === path)) location.reload();
  });
  // Once the stream is open no event can be missed; what came before it
  // (while this page loaded, or while serve restarted) the state tells.
  events.addEventListener("open", () => {
    fetch("` + Prefix + `state").then(r => r.json()).then(state => {
      if (String(state.version) !== version) location.reload();
      else { show(state.problems); warn(state.warnings); }
    }, () => {});
  });
})();
`

// problemsPage is served until a first build succeeds.
const problemsPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';">
<title>candor: nothing built yet</title></head>
<body><h1>The site does not build yet</h1><p>The problems are listed below. Fix them and save: this page reloads by itself.</p></body></html>
`
