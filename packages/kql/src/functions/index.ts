import "./conversion.js";
import "./datetime.js";
