// Loaded on every page. The page modules import api.js themselves; window.TR keeps the same two
// helpers reachable from a browser console and from browser tests that call the API as a page does.
import { api, csrf } from "./api.js";

window.TR = Object.assign(window.TR || {}, { csrf: csrf, api: api });
