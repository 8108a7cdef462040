import "./basic.js";
import "./summarize.js";
import "./relational.js";
