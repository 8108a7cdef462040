import "./basic.js";
import "./summarize.js";
import "./relational.js";
import "./parse.js";
import "./evaluate.js";
import "./series.js";
import "./project-by-names.js";
import "./plugins.js";
