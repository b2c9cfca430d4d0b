// Talks to the backend through the gateway: the browser sends its session cookie, the gateway
// replaces it with a signed internal JWT. No token ever reaches this script.
"use strict";

const greeting = document.getElementById("greeting");
const identity = document.getElementById("identity");
const list = document.getElementById("notes");
const noNotes = document.getElementById("no-notes");
const form = document.getElementById("note-form");
const input = document.getElementById("note-text");
const error = document.getElementById("note-error");

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...(options.headers || {}) },
  });
  if (response.status === 401) {
    window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname));
    throw new Error("not signed in");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail || detail;
    } catch (ignored) {
      // not a problem-details body
    }
    throw new Error(detail);
  }
  return response.status === 204 ? null : response.json();
}

function renderNotes(notes) {
  list.replaceChildren(
    ...notes.map((note) => {
      const item = document.createElement("li");
      item.textContent = note.text;
      const time = document.createElement("time");
      time.dateTime = note.createdAt;
      time.textContent = new Date(note.createdAt).toLocaleString();
      item.append(time);
      return item;
    }),
  );
  noNotes.hidden = notes.length > 0;
}

function showIdentity(me) {
  const expires = new Date(me.exp * 1000);
  document.getElementById("username").textContent = me.username || me.sub;
  document.getElementById("roles").textContent = me.roles.join(", ") || "none";
  document.getElementById("audience").textContent = me.aud.join(" ");
  const time = document.getElementById("expires");
  time.dateTime = expires.toISOString();
  time.textContent = expires.toLocaleTimeString();
  identity.hidden = false;
}

async function load() {
  try {
    const me = await api("/api/me");
    greeting.textContent = `Hello, ${me.username || me.sub}!`;
    showIdentity(me);
    renderNotes(await api("/api/notes"));
  } catch (e) {
    greeting.textContent = "Could not load your profile: " + e.message;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.textContent = "";
  try {
    await api("/api/notes", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: input.value }),
    });
    input.value = "";
    renderNotes(await api("/api/notes"));
  } catch (e) {
    error.textContent = e.message;
  }
});

// A page restored from the back/forward cache runs no script again: ask once more who is signed
// in, so Back after logging out (or after an operator ended the session) shows no stale data.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    load();
  }
});

load();
