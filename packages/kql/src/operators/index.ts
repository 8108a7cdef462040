import "./basic.js";
import "./summarize.js";
