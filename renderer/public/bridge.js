// Intentionally empty. In Electron, the preload script provides window.ecabinet. In browser
// mode the local host serves its own bridge client at this same path instead of this file.
