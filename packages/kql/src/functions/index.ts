import "./conditional.js";
import "./conversion.js";
import "./datetime.js";
import "./dynamic.js";
import "./ip.js";
import "./math.js";
import "./string.js";
import "./window.js";
