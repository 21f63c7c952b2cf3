package learnwell

// Embed the time zone database so Europe/London loads on any machine.
import _ "time/tzdata"
