// Builds elements from text only: stored prompts and responses never become markup.
export function el(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value == null || value === false) {
			continue;
		}
		if (key === 'class') {
			node.className = value;
		}
		else if (key === 'text') {
			node.textContent = value;
		}
		else if (key === 'dataset') {
			Object.assign(node.dataset, value);
		}
		else if (key.startsWith('on')) {
			node.addEventListener(key.slice(2), value);
		}
		else {
			node.setAttribute(key, (value === true) ? '' : value);
		}
	}
	for (const child of children.flat()) {
		if (child != null && child !== false) {
			node.append((child instanceof Node) ? child : document.createTextNode(String(child)));
		}
	}
	return node;
}

export function clear(node) {
	node.replaceChildren();
	return node;
}
